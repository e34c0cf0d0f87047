import Link from "next/link";

/**
 * The profile menu at the upper right of every signed-in page (seed 002: "click on your
 * profile icon in the top right corner of any page"; seed 000: "click your name → View/Edit
 * My Profile"). A native <details> disclosure: keyboard and screen readers work without script.
 */
export function ProfileMenu({ user }: { user: { firstName: string; lastName: string } }) {
  const initials = `${user.firstName.charAt(0)}${user.lastName.charAt(0)}`.toUpperCase();
  return (
    <details className="group relative" data-testid="profile-menu">
      <summary className="flex cursor-pointer list-none items-center gap-2 rounded px-2 py-1 text-sm font-semibold text-white hover:bg-brand-800 [&::-webkit-details-marker]:hidden">
        <span aria-hidden="true" className="flex h-7 w-7 items-center justify-center rounded-full bg-white text-xs font-bold text-brand-900">
          {initials}
        </span>
        <span data-testid="signed-in-as">
          {user.firstName} {user.lastName}
        </span>
        <span aria-hidden="true" className="text-xs">
          ▾
        </span>
      </summary>
      <ul className="absolute right-0 z-20 mt-1 w-56 rounded border border-slate-200 bg-white py-1 text-sm shadow-lg">
        <li>
          <Link href="/profile" className="block px-4 py-2 text-brand-900">
            View/Edit My Profile
          </Link>
        </li>
        <li>
          <Link href="/settings" className="block px-4 py-2 text-brand-900">
            Account Settings
          </Link>
        </li>
      </ul>
    </details>
  );
}
