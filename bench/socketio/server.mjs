// The Socket.IO reference for the delivery benchmark: a room broadcast on loopback, nothing more.
// Forked by bench/src/delivery.ts; reports its port over IPC.
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const http = createServer();
const io = new Server(http, { transports: ['websocket'] });
io.on('connection', (socket) => {
  socket.on('join', (room, ack) => {
    socket.join(room);
    ack();
  });
  socket.on('msg', (room, id) => socket.to(room).emit('msg', id));
});
http.listen(0, '127.0.0.1', () => process.send?.({ port: http.address().port }));
process.on('disconnect', () => process.exit(0));
