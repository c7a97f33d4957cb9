// Who a capture belongs to, from the guard's principal: its maker sees and downloads it; admins see all.
import "server-only";
import type { Principal } from "@/lib/auth/guard";

export function captureOwner(p: Principal): { userId: number; admin: boolean } {
  return { userId: p.user?.id ?? 0, admin: p.role === "admin" };
}
