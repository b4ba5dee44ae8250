/** The searchable words of a product name: lower-cased runs of letters and digits. */
export function nameWords(name: string): string[] {
  return [
    ...new Set(
      name
        .toLocaleLowerCase()
        .split(/[^\p{L}\p{N}]+/u)
        .filter(Boolean),
    ),
  ];
}
