import { getFunctions } from 'firebase/functions';
import { firebaseApp } from './firebase';

/**
 * Cloud Functions for callables, loaded only by the screens that call them. Callables are served
 * from the app's own origin at /api/<name>: a Hosting rewrite in production and on the Hosting
 * emulator, the dev server's proxy to it under `npm start`. So no CORS preflight, and neither the
 * functions' region nor their origin needs to be known here or allowed by the CSP.
 */
export const CALLABLES_PATH = '/api';
export const functions = getFunctions(firebaseApp, new URL(CALLABLES_PATH, location.origin).href);
