interface IconProps {
  readonly size?: number;
}

function Svg({ size = 24, path }: IconProps & { readonly path: string }) {
  return (
    <svg
      viewBox="0 0 24 24"
      width={size}
      height={size}
      aria-hidden="true"
      focusable="false"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <path d={path} />
    </svg>
  );
}

export function PeopleIcon(props: IconProps) {
  return (
    <Svg
      {...props}
      path="M16 21v-2a4 4 0 0 0-4-4H6a4 4 0 0 0-4 4v2M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM22 21v-2a4 4 0 0 0-3-3.87M16 3.13a4 4 0 0 1 0 7.75"
    />
  );
}

export function WalletIcon(props: IconProps) {
  return <Svg {...props} path="M3 7h18v12H3zM3 11h18M16 15h.01M5 7l11-4 2 4" />;
}
