/** Groups are named A, B, C… by their stable label, the same on the map, the cards and the exports. */
export const groupName = (label: number) => String.fromCharCode(65 + label);
