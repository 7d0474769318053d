import { useCallback, useEffect, useState } from 'react';

export type Route = 'history' | 'account';

function routeOf(pathname: string): Route {
  return pathname.startsWith('/account') ? 'account' : 'history';
}

/** Two screens do not need a router library: the path picks one, history.pushState moves. */
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
    const path = next === 'account' ? '/account' : '/';
    if (window.location.pathname !== path) window.history.pushState(null, '', path);
    setRoute(next);
  }, []);
  return [route, go];
}
