import { MotcuaPropertiesProvider } from './MotcuaPropertiesProvider.ts';
import type { AgencyGroup } from '../api-types.ts';

/** The didi module of the motcua properties; `groups` are the agency's candidate groups. */
export function motcuaPropertiesModule(groups: AgencyGroup[]) {
  return {
    __init__: ['motcuaPropertiesProvider'],
    motcuaPropertiesProvider: ['type', MotcuaPropertiesProvider],
    motcuaGroups: ['value', groups],
  };
}
