export * from './connection';
export * from './errors';
export * from './failure';
export * from './pool';
export * from './request';
export { findRefusedScopes } from './scopes';
export * from './graphql';
