export { historyFilters } from './history-filter-store.js';
export { HistoryScreen } from './history-screen.js';
