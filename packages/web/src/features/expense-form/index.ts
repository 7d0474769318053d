export { CategoryPicker } from './category-picker.js';
