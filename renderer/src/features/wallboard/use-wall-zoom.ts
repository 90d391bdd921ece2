import { useEffect, useState } from 'react';

/** The width big-screen mode is laid out for; wider screens scale it up (2.4× on a 4K wall). */
const WALL_BASE_WIDTH = 1600;

/**
 * Big-screen mode's scale: 1 up to 1600 px wide, then in proportion to the window, so that type, badges and charts
 * are read from across the room on a 4K wall instead of staying desk-sized in one corner.
 */
export function useWallZoom(enabled: boolean): number {
  const [width, setWidth] = useState(() => window.innerWidth);
  useEffect(() => {
    if (!enabled) return;
    const resized = () => setWidth(window.innerWidth);
    window.addEventListener('resize', resized);
    resized();
    return () => window.removeEventListener('resize', resized);
  }, [enabled]);
  return enabled ? Math.max(1, width / WALL_BASE_WIDTH) : 1;
}
