export * from './agent-state.schema';
export * from './call.schema';
export * from './customer.schema';
export * from './errors';
export * from './events';
export * from './http.schema';
