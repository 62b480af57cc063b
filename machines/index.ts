/** The scenario runtime: pure, shared by the browser, the server and the CLI. */
export * from './format';
export * from './schema';
export * from './compile';
export * from './runtime';
export * from './scoring';
export * from './checker';
export * from './design-warnings';
export * from './principles';
export * from './client-view';
export * from './timing';
export * from './reading-pace';
export * from './shuffle';
