import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const backend = process.env.YIZHAN_BACKEND ?? 'http://localhost:8080';

// `npx vite build clients/web` from the repository root, or `npx vite clients/web` for development.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // antd alone is ~1 MB unminified; the vendor chunk is cached across releases.
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        // Shared chunks are named after their first module ("LoadError-….js" for antd); call a
        // chunk that is mostly libraries what it is.
        chunkFileNames: (chunk) => {
          if (chunk.facadeModuleId && !chunk.facadeModuleId.includes('/node_modules/')) return 'assets/[name]-[hash].js';
          const ids = chunk.moduleIds;
          const vendor = ids.filter((id) => id.includes('/node_modules/')).length;
          return ids.length > 0 && vendor / ids.length > 0.5 ? 'assets/vendor-[hash].js' : 'assets/[name]-[hash].js';
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': { target: backend, changeOrigin: false },
      '/socket.io': { target: backend, ws: true },
    },
  },
});
