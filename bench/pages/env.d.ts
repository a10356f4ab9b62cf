// Benchmark pages are built by Vite: its client types (CSS imports, import.meta.env).
/// <reference types="vite/client" />
