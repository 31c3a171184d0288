// Development code: see ../eslint.dev.mjs.
export { default } from '../eslint.dev.mjs';
