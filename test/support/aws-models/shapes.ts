// The subset of the botocore service-model format the validator reads
// (https://github.com/boto/botocore/tree/develop/botocore/data). The SDK's schemas are converted
// into the same form (sdk-schema.ts), so one walk checks both.

export type Member = { shape: string; locationName?: string; flattened?: boolean };

export type Shape = {
  type:
    | "structure"
    | "list"
    | "map"
    | "string"
    | "integer"
    | "long"
    | "float"
    | "double"
    | "boolean"
    | "timestamp"
    | "blob";
  members?: Record<string, Member>;
  required?: string[];
  member?: Member;
  key?: Member;
  value?: Member;
  enum?: string[];
  min?: number;
  max?: number;
  pattern?: string;
  flattened?: boolean;
  exception?: boolean;
  /** An error's wire code where it differs from the shape's name (query protocol). */
  error?: { code?: string };
  /** Only in SDK-derived shapes: the SDK's schemas say "number", not which kind. */
  number?: boolean;
};

export type Operation = {
  name: string;
  input?: { shape: string };
  output?: { shape: string; resultWrapper?: string };
  errors?: { shape: string }[];
};

export type Model = {
  version: string;
  metadata: Record<string, unknown>;
  operations: Record<string, Operation>;
  shapes: Record<string, Shape>;
  /** The SDK client's own shapes, by the same names (only for members botocore's copy lacks). */
  sdk: Record<string, Shape>;
};

export type Models = { key: string; services: Record<string, Model> };
