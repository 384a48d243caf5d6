/** Placeholder until this screen lands. */
export const ImportExportPage = () => <p>ImportExportPage</p>;
