export { ViewerNotice } from './viewer-notice.js';
