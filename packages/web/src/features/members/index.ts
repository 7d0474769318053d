export { useAddedBy, type AddedBy } from './use-added-by.js';
