/** The codes of each area's tax offices and administrators, as all four sources write them. */
import type { Area } from '../reference';
import { pad } from './values';

export const ADMINISTRATORS_PER_AREA = 40;
export const nationalOffice = (a: Area) => `1${a.division}0000`;
export const localOffice = (a: Area) => `2${a.division}0000`;
export const nationalAdministrator = (a: Area, k: number) => `1${a.division}${pad(k, 4)}`;
export const localAdministrator = (a: Area, k: number) => `${a.division}${pad(k, 2)}`;

/**
 * The offices' names as the data's years wrote them (it stands at 2016): each area's national tax bureau
 * was its …国家税务局 and its local one its …地方税务局 until the two merged in 2018 (the provinces' bureaus
 * on 2018-06-15, the districts' and counties' in July) into 国家税务总局…税务局, a name no 2016 record carries.
 */
export const nationalOfficeName = (a: Area) => `${a.name}国家税务局`;
export const localOfficeName = (a: Area) => `${a.name}地方税务局`;
