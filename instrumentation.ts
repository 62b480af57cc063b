export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { bootOrExit } = await import('./server/platform/boot');
    await bootOrExit();
  }
}
