export * from './common';
export * from './auth';
export * from './directory';
export * from './admin';
export * from './workspace';
export * from './events';
export * from './docexchange';
export * from './mail';
