// Redocly CLI plugin: the project's own lint rules for spec/zenlayer-vm.openapi.yaml.
// Both rules read the error-code catalogue `components.x-zc-error-codes`, where each code's meaning
// is stated once, and the `code` enumerations of the error schemas.

/** The `code` enumeration of an error schema: its own, or that of a member of its `allOf`. */
function codeEnum(schema) {
  if (!schema || typeof schema !== 'object') return undefined;
  const own = schema.properties && schema.properties.code && schema.properties.code.enum;
  if (Array.isArray(own)) return own;
  for (const part of schema.allOf || []) {
    const found = codeEnum(part);
    if (found) return found;
  }
  return undefined;
}

function ErrorCodesDescribed() {
  return {
    Root: {
      leave(root, ctx) {
        const components = root.components || {};
        const catalogue = components['x-zc-error-codes'] || {};
        const used = new Set();
        for (const [name, schema] of Object.entries(components.schemas || {})) {
          for (const code of codeEnum(schema) || []) {
            used.add(code);
            const entry = catalogue[code];
            if (!entry || typeof entry.description !== 'string' || entry.description.trim() === '') {
              ctx.report({
                message: `Error code ${code} (schema ${name}) has no description in components.x-zc-error-codes.`,
                location: ctx.location.child(['components', 'schemas', name]),
              });
            }
          }
        }
        for (const code of Object.keys(catalogue)) {
          if (!used.has(code)) {
            ctx.report({
              message: `Error code ${code} is described but no error schema lists it.`,
              location: ctx.location.child(['components', 'x-zc-error-codes', code]),
            });
          }
        }
      },
    },
  };
}

function ErrorResponsesEnumerateCodes() {
  return {
    Response: {
      enter(response, ctx) {
        const key = ctx.key;
        // Only the responses of operations, keyed by an HTTP status of 400 or more.
        if (!/^[45]\d\d$/.test(String(key))) return;
        const media = response.content && response.content['application/json'];
        const schema = media && media.schema;
        const resolved = schema && schema.$ref ? ctx.resolve(schema).node : schema;
        if (!codeEnum(resolved)) {
          ctx.report({
            message: `The ${key} response has no error schema with a \`code\` enumeration.`,
            location: ctx.location,
          });
        }
      },
    },
  };
}

export default function zenlayerRules() {
  return {
    id: 'zenlayer',
    rules: {
      oas3: {
        'error-codes-described': ErrorCodesDescribed,
        'error-responses-enumerate-codes': ErrorResponsesEnumerateCodes,
      },
    },
  };
}
