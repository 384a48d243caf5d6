/** Placeholder until this screen lands. */
export const RegistrationSettingsPage = () => <p>RegistrationSettingsPage</p>;
