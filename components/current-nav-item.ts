/**
 * Which navigation item is the page being shown: the item whose address is the path or its
 * longest leading part, segment by segment. So /admin/institutions/5818 is "Institutions", not
 * "Overview" (/admin), and /k12 is "Home" while /k12/roster is the roster.
 */
export function currentNavHref(pathname: string, hrefs: readonly string[]): string | null {
  const path = pathname.replace(/\/+$/, "") || "/";
  let best: string | null = null;
  for (const href of hrefs) {
    const base = href.split(/[?#]/)[0]!.replace(/\/+$/, "") || "/";
    const matches = path === base || path.startsWith(base === "/" ? "/" : `${base}/`);
    if (matches && (best === null || base.length > best.length)) best = href;
  }
  return best;
}
