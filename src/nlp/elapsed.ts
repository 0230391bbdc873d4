// A column of elapsed time in a table without dates ("Time" 0–21 in a growth study): its values
// count days, weeks or hours, so "day 21" picks a value and "from day to day" splits along it.

/** Names of such a column. */
export const ELAPSED = /^(time|t|elapsed)$/i;
