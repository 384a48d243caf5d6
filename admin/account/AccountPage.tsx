/** Placeholder until this screen lands. */
export const AccountPage = () => <p>AccountPage</p>;
