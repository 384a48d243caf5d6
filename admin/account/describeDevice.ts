/** Browser families by the token their user agent carries, most specific first. */
const BROWSERS: [RegExp, string][] = [
  [/Edg(e|A|iOS)?\//, 'Edge'],
  [/OPR\/|Opera/, 'Opera'],
  [/Firefox\/|FxiOS\//, 'Firefox'],
  [/SamsungBrowser\//, 'Samsung Internet'],
  [/Chrome\/|Chromium\/|CriOS\//, 'Chrome'],
  [/Safari\//, 'Safari'],
];

const SYSTEMS: [RegExp, string][] = [
  [/Android/, 'Android'],
  [/iPhone|iPad|iPod/, 'iOS'],
  [/CrOS/, 'ChromeOS'],
  [/Windows/, 'Windows'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/Linux/, 'Linux'],
];

/** How a signed-in device is shown. */
export interface DeviceDescription {
  /** "Firefox on Android"; the raw user agent for clients that are no browser (scripts, apps). */
  name: string;
  /** A phone or tablet. */
  mobile: boolean;
}

/** A readable name for a session's user agent. */
export function describeDevice(userAgent: string): DeviceDescription {
  const mobile = /Mobile|Android|iPhone|iPad/.test(userAgent);
  const browser = BROWSERS.find(([pattern]) => pattern.test(userAgent))?.[1];
  const system = SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1];
  if (browser && system) return { name: `${browser} on ${system}`, mobile };
  return { name: userAgent.trim() || 'Unknown device', mobile };
}
