import { z } from "zod";

// zod compiles its object parsers with `new Function` after probing whether eval is allowed. Under
// the dashboard's CSP (no 'unsafe-eval') browsers report that probe as a violation even though zod
// catches it, so in a browser it parses without compiling. Servers keep the compiled parsers. This
// runs before any schema below is built (the choice is made when an object schema is created).
if ("window" in globalThis && "document" in globalThis) z.config({ jitless: true });
