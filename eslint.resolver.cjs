// Import resolver for the layering lint (eslint.config.js): Node's resolution with TypeScript extensions,
// plus NodeNext's `./x.js` naming `./x.ts` (the Electron shell is compiled that way).
const node = require('eslint-import-resolver-node');

exports.interfaceVersion = 2;
exports.resolve = (source, file, config) => {
  const found = node.resolve(source, file, config);
  if (found.found || !/^\.{1,2}\/.*\.js$/.test(source)) return found;
  return node.resolve(source.replace(/\.js$/, ''), file, config);
};
