import { connectFunctionsEmulator, getFunctions } from 'firebase/functions';
import { emulatorHost, firebaseApp, useEmulators } from './firebase';

/** Cloud Functions for callables, loaded only by the screens that call them (the admin page). */
export const functions = getFunctions(firebaseApp);

if (useEmulators) {
  connectFunctionsEmulator(functions, emulatorHost, Number(import.meta.env.VITE_FUNCTIONS_EMULATOR_PORT ?? '5001'));
}
