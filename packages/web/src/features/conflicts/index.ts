export { ConflictsScreen } from './conflicts-screen.js';
