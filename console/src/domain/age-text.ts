/** How long ago, in words a manager scans quickly: "just now", "45 s", "12 min", "3 h", "2 d". */
export function ageText(sinceIso: string | null, now: number): string {
  if (sinceIso === null) return 'never';
  const seconds = Math.max(0, Math.round((now - Date.parse(sinceIso)) / 1000));
  if (seconds < 5) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86_400)} d ago`;
}
