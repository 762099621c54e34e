/**
 * The UI's words in a message catalogue per language, and the language in use: the one chosen in
 * the profile dialog, else the first of the browser's languages the app speaks, else English.
 *
 * Written here rather than taken from vue-i18n: what the app needs is a typed key, `{name}`
 * parameters and plural forms, which `Intl.PluralRules` gives, and the chat screen's script is
 * over its size budget already (npm run bench); vue-i18n's runtime would add about 30 KB to it.
 * English is bundled (it is also the fallback); every other catalogue is its own chunk, loaded
 * before the app mounts (main.ts) and precached by the service worker.
 */
import { computed, ref, shallowRef } from 'vue';
import { en, type Key, type Catalogue } from './en';

export type { Key, Catalogue } from './en';
export type Message = string | PluralMessage;
/** Forms by `Intl.PluralRules` category; `other` is always there. */
export type PluralMessage = { other: string } & Partial<Record<Intl.LDMLPluralRule, string>>;
export type Params = Record<string, string | number>;

export const LOCALES = [
  { id: 'en', name: 'English' },
  { id: 'de', name: 'Deutsch' },
] as const;
export type Locale = (typeof LOCALES)[number]['id'];

const load: Record<Exclude<Locale, 'en'>, () => Promise<Catalogue>> = {
  de: () => import('./de').then((m) => m.de),
};

const STORAGE_KEY = 'firechat.locale';
const isLocale = (value: unknown): value is Locale => LOCALES.some((l) => l.id === value);

function stored(): Locale | null {
  try {
    const value = globalThis.localStorage?.getItem(STORAGE_KEY);
    return isLocale(value) ? value : null;
  } catch {
    return null; // storage refused (a privacy setting): the browser's language decides
  }
}

/** The first of the browser's languages (by preference) that the app speaks, by its base language. */
export function fromBrowser(languages: readonly string[]): Locale {
  for (const tag of languages) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLocale(base)) return base;
  }
  return 'en';
}

/** The language chosen in the profile dialog; null follows the browser. */
export const chosenLocale = ref<Locale | null>(stored());
/** The browser's own language among those the app speaks: what "Browser default" means. */
export const browserLocale = fromBrowser(globalThis.navigator?.languages ?? []);
const loaded = shallowRef<Partial<Record<Locale, Catalogue>>>({ en });
/** The language the UI is in: the chosen or the browser's, once its catalogue is here. */
export const locale = computed<Locale>(() => {
  const wanted = chosenLocale.value ?? browserLocale;
  return loaded.value[wanted] ? wanted : 'en';
});

async function ensureLoaded(id: Locale): Promise<void> {
  if (id === 'en' || loaded.value[id]) return;
  const catalogue = await load[id]();
  loaded.value = { ...loaded.value, [id]: catalogue };
}

/**
 * Loads the catalogue of the language in use; main.ts awaits it before mounting, so a German
 * browser never sees English first. A catalogue that cannot load (offline before the service
 * worker had it) leaves the UI in English.
 */
export async function startLocale(): Promise<void> {
  await ensureLoaded(chosenLocale.value ?? browserLocale).catch(() => undefined);
  syncDocument();
}

/** Chooses a language (null: the browser's), keeps it in this browser, and switches the UI at once. */
export async function setLocale(id: Locale | null): Promise<void> {
  await ensureLoaded(id ?? browserLocale);
  chosenLocale.value = id;
  try {
    if (id) globalThis.localStorage?.setItem(STORAGE_KEY, id);
    else globalThis.localStorage?.removeItem(STORAGE_KEY);
  } catch {
    // storage refused: the choice holds until the tab closes
  }
  syncDocument();
}

function syncDocument() {
  if (globalThis.document) document.documentElement.lang = locale.value;
}

const pluralRules = new Map<string, Intl.PluralRules>();
function pluralForm(id: Locale, count: number): Intl.LDMLPluralRule {
  let rules = pluralRules.get(id);
  if (!rules) pluralRules.set(id, (rules = new Intl.PluralRules(id)));
  return rules.select(count);
}

/** `{name}` replaced by params.name; a placeholder without a parameter stays as written. */
export function interpolate(text: string, params: Params = {}): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/**
 * The words for `key` in the language in use, with `params` put in. A plural message picks its
 * form by `params.count`. Reactive: a template or computed that calls it follows a change of
 * language.
 */
export function t(key: Key, params?: Params): string {
  const id = locale.value;
  const message: Message = loaded.value[id]?.[key] ?? en[key];
  if (typeof message === 'string') return interpolate(message, params);
  const count = Number(params?.count ?? 0);
  return interpolate(message[pluralForm(id, count)] ?? message.other, params);
}
