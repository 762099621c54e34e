/**
 * Stands in for re2js in the build (the `re2js` alias in web/vite.config.ts). The Firestore SDK
 * imports it only to evaluate the regular expressions of Pipeline queries on the client
 * (regexMatch, regexContains, like); this app runs no pipeline, yet the import kept all of re2js
 * in the chat screen's first download: 43 KB of its 308 KB gzip. Should a pipeline expression
 * ever be evaluated here, the SDK catches this error, logs a warning and treats the expression
 * as an error value, as it does an invalid pattern.
 */
export const RE2JS = {
  compile(): never {
    throw new Error('re2js is left out of the build: this app runs no Firestore pipelines (web/src/lib/noRe2js.ts)');
  },
};
