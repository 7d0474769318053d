
import { defineEndpoint } from './endpoint.js';
import {
  AuthSessionSchema,
  ChangePasswordBodySchema,
  DeleteAccountBodySchema,
  LoginBodySchema,
  RefreshBodySchema,
  RegisterBodySchema,
  UserSchema,
} from './schemas/auth.js';
import { CategoryListSchema } from './schemas/categories.js';
import { EmptyBodySchema, IdParamsSchema, WalletIdQuerySchema } from './schemas/common.js';
import {
  CreateExpenseBodySchema,
  ExpensePageSchema,
  ExpenseSchema,
  IfMatchHeadersSchema,
  ListExpensesQuerySchema,
  UpdateExpenseBodySchema,
} from './schemas/expenses.js';
import { HealthSchema, ReadySchema } from './schemas/health.js';
import { WalletListSchema } from './schemas/wallets.js';

export const authEndpoints = {
  register: defineEndpoint({
    method: 'POST',
    path: '/auth/register',
    operationId: 'register',
    summary: 'Create an account (and its personal wallet) and sign in',
    tag: 'auth',
    auth: false,
    body: RegisterBodySchema,
    success: { 201: AuthSessionSchema },
    errors: [400, 409, 413, 415],
  }),
  login: defineEndpoint({
    method: 'POST',
    path: '/auth/login',
    operationId: 'login',
    summary: 'Sign in with email and password',
    tag: 'auth',
    auth: false,
    body: LoginBodySchema,
    success: { 200: AuthSessionSchema },
    errors: [400, 401, 413, 415],
  }),
  refresh: defineEndpoint({
    method: 'POST',
    path: '/auth/refresh',
    operationId: 'refresh',
    summary: 'Exchange a refresh token for a new token pair (the old refresh token dies)',
    tag: 'auth',
    auth: false,
    body: RefreshBodySchema,
    success: { 200: AuthSessionSchema },
    errors: [400, 401, 413, 415],
  }),
  logout: defineEndpoint({
    method: 'POST',
    path: '/auth/logout',
    operationId: 'logout',
    summary: 'End the session the refresh token belongs to',
    tag: 'auth',
    auth: false,
    body: RefreshBodySchema,
    success: { 204: EmptyBodySchema },
    errors: [400, 413, 415],
  }),
  changePassword: defineEndpoint({
    method: 'POST',
    path: '/auth/password',
    operationId: 'changePassword',
    summary: 'Change the password; every other session is signed out',
    tag: 'auth',
    auth: true,
    body: ChangePasswordBodySchema,
    success: { 204: EmptyBodySchema },
    errors: [400, 401, 403, 413, 415],
  }),
} as const;

export const meEndpoints = {
  get: defineEndpoint({
    method: 'GET',
    path: '/me',
    operationId: 'getMe',
    summary: 'The signed-in user',
    tag: 'account',
    auth: true,
    success: { 200: UserSchema },
    errors: [401],
  }),
  delete: defineEndpoint({
    method: 'DELETE',
    path: '/me',
    operationId: 'deleteMe',
    summary: 'Delete the account and every wallet only this user owns',
    tag: 'account',
    auth: true,
    body: DeleteAccountBodySchema,
    success: { 204: EmptyBodySchema },
    errors: [400, 401, 403, 413, 415],
  }),
} as const;

export const walletEndpoints = {
  list: defineEndpoint({
    method: 'GET',
    path: '/wallets',
    operationId: 'listWallets',
    summary: 'Wallets you are a member of, with your role',
    tag: 'wallets',
    auth: true,
    success: { 200: WalletListSchema },
    errors: [401],
  }),
} as const;

export const expenseEndpoints = {
  create: defineEndpoint({
    method: 'POST',
    path: '/expenses',
    operationId: 'createExpense',
    summary: 'Add an expense (idempotent when you send your own id)',
    tag: 'expenses',
    auth: true,
    body: CreateExpenseBodySchema,
    success: { 201: ExpenseSchema, 200: ExpenseSchema },
    errors: [400, 401, 403, 404, 409, 413, 415],
  }),
  list: defineEndpoint({
    method: 'GET',
    path: '/expenses',
    operationId: 'listExpenses',
    summary: 'Expense history, newest first, with filters and cursor pagination',
    tag: 'expenses',
    auth: true,
    query: ListExpensesQuerySchema,
    success: { 200: ExpensePageSchema },
    errors: [400, 401, 404],
  }),
  get: defineEndpoint({
    method: 'GET',
    path: '/expenses/:id',
    operationId: 'getExpense',
    summary: 'One expense (ETag carries its version)',
    tag: 'expenses',
    auth: true,
    params: IdParamsSchema,
    success: { 200: ExpenseSchema },
    errors: [400, 401, 404],
  }),
  update: defineEndpoint({
    method: 'PATCH',
    path: '/expenses/:id',
    operationId: 'updateExpense',
    summary: 'Change some fields of an expense; If-Match guards against lost updates',
    tag: 'expenses',
    auth: true,
    params: IdParamsSchema,
    headers: IfMatchHeadersSchema,
    body: UpdateExpenseBodySchema,
    success: { 200: ExpenseSchema },
    errors: [400, 401, 403, 404, 412, 413, 415],
  }),
  delete: defineEndpoint({
    method: 'DELETE',
    path: '/expenses/:id',
    operationId: 'deleteExpense',
    summary: 'Delete an expense',
    tag: 'expenses',
    auth: true,
    params: IdParamsSchema,
    headers: IfMatchHeadersSchema,
    success: { 204: EmptyBodySchema },
    errors: [400, 401, 403, 404, 412],
  }),
} as const;

export const categoryEndpoints = {
  list: defineEndpoint({
    method: 'GET',
    path: '/categories',
    operationId: 'listCategories',
    summary: "A wallet's categories, most used first, then suggested defaults",
    tag: 'expenses',
    auth: true,
    query: WalletIdQuerySchema,
    success: { 200: CategoryListSchema },
    errors: [400, 401, 404],
  }),
} as const;

export const healthEndpoints = {
  health: defineEndpoint({
    method: 'GET',
    path: '/healthz',
    operationId: 'health',
    summary: 'The process is up',
    tag: 'operations',
    auth: false,
    success: { 200: HealthSchema },
    errors: [],
  }),
  ready: defineEndpoint({
    method: 'GET',
    path: '/readyz',
    operationId: 'ready',
    summary: 'The database answers',
    tag: 'operations',
    auth: false,
    success: { 200: ReadySchema },
    errors: [503],
  }),
} as const;

export const endpoints = {
  auth: authEndpoints,
  me: meEndpoints,
  wallets: walletEndpoints,
  expenses: expenseEndpoints,
  categories: categoryEndpoints,
  health: healthEndpoints,
} as const;

