export async function main(argv){ console.log("hi", argv.length); return 0 }
