export interface UsersTable {
  id: string;
  email: string;
  password_hash: string;
  created_at: string;
}
