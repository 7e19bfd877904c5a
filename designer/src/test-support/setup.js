// jsdom has no TextEncoder/TextDecoder, which react-router reads when it loads.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS setup file, outside the app's browser types
const { TextDecoder, TextEncoder } = require('node:util');

Object.assign(globalThis, { TextEncoder, TextDecoder });
