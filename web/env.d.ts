// esbuild bundles imported stylesheets into the app's app.css; the import itself yields nothing.
declare module '*.css';
