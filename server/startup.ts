import "server-only";

// Start-up work after configuration is valid (database migrations, first admin, job recovery) hooks in here.
export async function startServer(): Promise<void> {}
