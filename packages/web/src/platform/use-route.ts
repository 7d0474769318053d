import { useCallback, useEffect, useState } from 'react';

export type Route = 'history' | 'account' | 'dashboard' | 'budgets' | 'recurring' | 'wallets' | 'members' | 'conflicts';

const ROUTE_PATHS: Readonly<Record<Route, string>> = {
  history: '/',
  account: '/account',
  dashboard: '/dashboard',
  budgets: '/budgets',
  recurring: '/recurring',
  wallets: '/wallets',
  members: '/members',
  conflicts: '/conflicts',
};

function routeOf(pathname: string): Route {
  const found = (Object.keys(ROUTE_PATHS) as Route[]).find(
    (route) => route !== 'history' && pathname.startsWith(ROUTE_PATHS[route]),
  );
  return found ?? 'history';
}

/** Moves to a screen from anywhere (a banner, a chart): the shell's useRoute hears the popstate. */
export function navigateTo(route: Route): void {
  if (window.location.pathname !== ROUTE_PATHS[route]) window.history.pushState(null, '', ROUTE_PATHS[route]);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

/** A few screens do not need a router library: the path picks one, history.pushState moves. */
export function useRoute(): [Route, (route: Route) => void] {
  const [route, setRoute] = useState<Route>(() => routeOf(window.location.pathname));
  useEffect(() => {
    const onPop = () => {
      setRoute(routeOf(window.location.pathname));
    };
    window.addEventListener('popstate', onPop);
    return () => {
      window.removeEventListener('popstate', onPop);
    };
  }, []);
  const go = useCallback((next: Route) => {
    const path = ROUTE_PATHS[next];
    if (window.location.pathname !== path) window.history.pushState(null, '', path);
    setRoute(next);
  }, []);
  return [route, go];
}
