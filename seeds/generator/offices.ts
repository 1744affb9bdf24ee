/** The codes of each area's tax offices and administrators, as all four sources write them. */
import type { Area } from '../reference';
import { pad } from './values';

export const ADMINISTRATORS_PER_AREA = 40;
export const nationalOffice = (a: Area) => `1${a.division}0000`;
export const localOffice = (a: Area) => `2${a.division}0000`;
export const nationalAdministrator = (a: Area, k: number) => `1${a.division}${pad(k, 4)}`;
export const localAdministrator = (a: Area, k: number) => `${a.division}${pad(k, 2)}`;
