/** Placeholder until this screen lands. */
export const GuestPage = () => <p>GuestPage</p>;
