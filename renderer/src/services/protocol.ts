/**
 * The renderer's single seam to the bridge contract. Everything the console knows about the wire comes from
 * `cti-bridge/protocol`; features import it from here so the dependency stays in one visible place.
 */
export * from '../../../cti-bridge/protocol/index';
