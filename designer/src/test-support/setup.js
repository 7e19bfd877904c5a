// jsdom has no TextEncoder/TextDecoder, which react-router reads when it loads.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS setup file, outside the app's browser types
const { TextDecoder, TextEncoder } = require('node:util');

Object.assign(globalThis, { TextEncoder, TextDecoder });

// jsdom has no structuredClone either, which @rjsf/core uses for the admin forms.
if (typeof globalThis.structuredClone !== 'function') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- as above
  const v8 = require('node:v8');
  globalThis.structuredClone = (value) =>
    value === undefined ? undefined : v8.deserialize(v8.serialize(value));
}
