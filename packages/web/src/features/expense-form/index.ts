export { CategoryPicker } from './category-picker.js';
export { AmountField } from './amount-field.js';
