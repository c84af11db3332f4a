/** Everything odmon decides happens in Kyiv time. */
export const ZONE = 'Europe/Kyiv';
