// nunjucks' runtime-only build (shared/web/views.ts): the same API as the full build, whose
// types @types/nunjucks gives; its compile functions are there but fail (no compiler).
declare module 'nunjucks/browser/nunjucks-slim.js' {
  import nunjucks = require('nunjucks');
  export = nunjucks;
}
