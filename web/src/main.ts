import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { startServiceWorker } from './appUpdate';
import { startLocale } from './i18n';
import { router } from './router';
import './styles.css';

// the UI's language first (its catalogue, if not English, is a chunk of its own), then the app
await startLocale();
createApp(App).use(createPinia()).use(router).mount('#app');

startServiceWorker();
