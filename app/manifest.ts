import type { MetadataRoute } from "next";
import { catalogues } from "@/i18n/catalogue";

type Install = { installName: string; installShortName: string; installDescription: string };
const zh = catalogues["zh-CN"].install as Install;
const en = catalogues.en.install as Install;

/** The installable app: one manifest for both languages, named in Chinese first (the default locale). */
export default function manifest(): MetadataRoute.Manifest {
  return {
    id: "/",
    name: `${zh.installName} · ${en.installShortName}`,
    short_name: zh.installShortName,
    description: `${zh.installDescription} ${en.installDescription}`,
    lang: "zh-CN",
    start_url: "/",
    scope: "/",
    display: "standalone",
    background_color: "#f8fafc",
    theme_color: "#2453c7",
    icons: [
      { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
      { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
      { src: "/icons/maskable-192.png", sizes: "192x192", type: "image/png", purpose: "maskable" },
      { src: "/icons/maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
    ],
  };
}
