// The API's int32 fields (replicas, ports, user ids, seconds), as the API server decodes them.

/** The largest value an int32 field holds. */
export const INT32_MAX = 2 ** 31 - 1;
