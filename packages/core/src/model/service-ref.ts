/** A service, by cluster name and service name. */
export type ServiceRef = { readonly cluster: string; readonly service: string };

/**
 * "cluster/service": the one key a service goes by in maps, caches, thread ids and scope
 * exclusions. Sentences for people spell the same text out themselves.
 */
export const serviceKey = (ref: { readonly cluster: string; readonly service: string }): string =>
  `${ref.cluster}/${ref.service}`;
