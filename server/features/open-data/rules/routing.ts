/** Matches a path such as "/projects/12/ballot-results" against templates such as "/projects/{id}/ballot-results". */
export function matchRoute<T extends { path: string }>(
  routes: readonly T[],
  path: string,
): (T & { params: Record<string, string> }) | null {
  const parts = path.replace(/\/+$/, "").split("/");
  for (const route of routes) {
    const template = route.path.split("/");
    if (template.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const matches = template.every((segment, i) => {
      const part = parts[i]!;
      const name = /^\{(\w+)\}$/.exec(segment)?.[1];
      if (name) {
        if (part === "") return false;
        params[name] = decodeURIComponent(part);
        return true;
      }
      return segment === part;
    });
    if (matches) return { ...route, params };
  }
  return null;
}

/** A weak validator: the same JSON gives the same tag; byte-for-byte equality is not promised. */
export const weakEtag = (hash: string) => `W/"${hash.slice(0, 27)}"`;
